# A classic beginner bug: looping one index too far ends with an uncaught IndexError
temps = [21.5, 23.0, 19.8, 25.1, 22.4]

total = 0
for i in range(len(temps)):
    total += temps[i]
print('average:', round(total / len(temps), 2))

changes = []
for i in range(len(temps) - 1):
    changes.append(round(temps[i + 1] - temps[i], 1))
print('day-to-day changes:', changes)

print('now with the bug:')
i = 0
while i <= len(temps):
    print('day', i, 'temp', temps[i])
    i += 1
print('never printed')
