# Grouping anagrams with sorted-letter keys and letter counts
words = ['listen', 'silent', 'enlist', 'google', 'gooegl', 'cat', 'act', 'tac', 'dog', 'inlets']

groups = {}
for w in words:
    key = ''.join(sorted(w))
    groups.setdefault(key, []).append(w)
for key, group in groups.items():
    print(f'{key:8} {group}')

def letter_counts(word):
    counts = {}
    for ch in word.lower():
        if ch.isalpha():
            counts[ch] = counts.get(ch, 0) + 1
    return counts

def are_anagrams(a, b):
    return letter_counts(a) == letter_counts(b)

pairs = [('Dormitory', 'Dirty room'), ('The eyes', 'They see'), ('Hello', 'World'), ('Astronomer', 'Moon starer')]
for a, b in pairs:
    print(f'{a!r} / {b!r}: {are_anagrams(a, b)}')

print(letter_counts('Mississippi'))
biggest = max(groups.values(), key=len)
print('largest group:', biggest, len(biggest))
print(sorted(g[0] for g in groups.values() if len(g) == 1))
