# Student grades: averages, letter grades, ranking and per-subject statistics
students = {
    'Ana':   {'math': 91, 'physics': 84, 'art': 77},
    'Ben':   {'math': 68, 'physics': 72, 'art': 95},
    'Chloe': {'math': 85, 'physics': 93, 'art': 88},
    'Dev':   {'math': 55, 'physics': 61, 'art': 70},
}

def average(scores):
    return sum(scores) / len(scores)

def letter(avg):
    for cutoff, grade in ((90, 'A'), (80, 'B'), (70, 'C'), (60, 'D')):
        if avg >= cutoff:
            return grade
    return 'F'

averages = {name: average(list(s.values())) for name, s in students.items()}
for name, avg in averages.items():
    print(f'{name:6} {avg:6.2f} {letter(avg)}')

ranking = sorted(averages, key=averages.get, reverse=True)
for place, name in enumerate(ranking, 1):
    print(place, name)

subjects = list(next(iter(students.values())))
for subj in subjects:
    col = [s[subj] for s in students.values()]
    best = max(students, key=lambda n: students[n][subj])
    print(f'{subj:8} mean={average(col):.1f} min={min(col)} max={max(col)} best={best}')

students['Dev']['math'] += 10
students['Eve'] = dict.fromkeys(subjects, 80)
print({n: round(average(list(s.values())), 1) for n, s in students.items()})
honor_roll = [n for n, s in students.items() if all(v >= 80 for v in s.values())]
print('honor roll:', honor_roll)
by_grade = {}
for n, s in students.items():
    by_grade.setdefault(letter(average(list(s.values()))), []).append(n)
print(dict(sorted(by_grade.items())))
