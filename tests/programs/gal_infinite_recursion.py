# A recursive countdown whose base case is wrong: it never stops and ends in RecursionError
def countdown(n):
    if n == 0:
        print('Liftoff!')
        return
    countdown(n - 2)

print('counting down from 4')
countdown(4)
print('counting down from 5')
countdown(5)
print('never printed')
