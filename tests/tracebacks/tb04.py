for q in 5:
    pass
