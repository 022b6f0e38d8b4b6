del zz
