# Counting words in a paragraph with a dict, then ranking them
text = """It was the best of times, it was the worst of times, it was the age of
wisdom, it was the age of foolishness, it was the epoch of belief, it was the
epoch of incredulity, it was the season of Light, it was the season of Darkness"""

counts = {}
for raw in text.split():
    word = raw.strip('.,;:!?').lower()
    if word:
        counts[word] = counts.get(word, 0) + 1

print(len(counts), 'distinct words,', sum(counts.values()), 'total')
ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
for word, n in ranked[:6]:
    print(f'{word:>12} {n:3d} ' + '#' * n)
print('used once:', [w for w, n in ranked if n == 1])

by_length = {}
for word in counts:
    by_length.setdefault(len(word), []).append(word)
for length in sorted(by_length):
    print(length, sorted(by_length[length]))

letters = {}
for ch in text.lower():
    if ch.isalpha():
        letters[ch] = letters.get(ch, 0) + 1
top = sorted(letters, key=lambda c: (-letters[c], c))[:5]
print('top letters:', [(c, letters[c]) for c in top])
lines = text.splitlines()
print([len(line.split()) for line in lines], max(lines, key=len)[:20])
