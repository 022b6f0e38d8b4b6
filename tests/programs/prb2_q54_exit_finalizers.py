import weakref, atexit
class Conn:
    def __init__(self, name): self.name = name
    def __del__(self): print('__del__', self.name)
def closer(name): print('finalize', name)
keep = Conn('global-keep')
weakref.finalize(keep, closer, 'global-keep')
tmp = Conn('temp')
f = weakref.finalize(tmp, closer, 'temp')
print('atexit flag', f.atexit)
del tmp
f2_obj = Conn('no-atexit')
f2 = weakref.finalize(f2_obj, closer, 'no-atexit')
f2.atexit = False
atexit.register(print, 'atexit handler 1')
@atexit.register
def bye():
    print('atexit handler 2')
def scope():
    local = Conn('local')
    weakref.finalize(local, closer, 'local')
    print('scope ending')
scope()
print('main done')
