# A tiny command interpreter reading commands with input() until EOF
stack = []
while True:
    try:
        line = input('> ')
    except EOFError:
        print()
        print('EOF reached, stack is', stack)
        break
    parts = line.split()
    if not parts:
        continue
    cmd, args = parts[0], parts[1:]
    if cmd == 'push':
        stack.extend(int(a) for a in args)
    elif cmd == 'pop':
        print(stack.pop() if stack else 'empty')
    elif cmd == 'add':
        b, a = stack.pop(), stack.pop()
        stack.append(a + b)
    elif cmd == 'show':
        print(stack)
    else:
        print('unknown command:', cmd)
