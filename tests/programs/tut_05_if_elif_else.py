# if statements: classify several numbers
def classify(x):
    if x < 0:
        x = 0
        return 'Negative changed to zero'
    elif x == 0:
        return 'Zero'
    elif x == 1:
        return 'Single'
    else:
        return 'More'

for value in [-5, 0, 1, 2, 42]:
    print(value, '->', classify(value))

def grade(score):
    if score >= 90:
        letter = 'A'
    elif score >= 80:
        letter = 'B'
    elif score >= 70:
        letter = 'C'
    elif score >= 60:
        letter = 'D'
    else:
        letter = 'F'
    return letter

scores = [95, 83, 71, 65, 12, 100, 89.9]
print([grade(s) for s in scores])
x = 7
kind = 'odd' if x % 2 else 'even'
print(x, 'is', kind)
print(1 < x < 10, 10 < x or x == 7, not x, bool(''), bool('0'), bool([]), bool([0]))
name = ''
print(name or 'anonymous', 0 and 'never', None or 0 or 'last')
