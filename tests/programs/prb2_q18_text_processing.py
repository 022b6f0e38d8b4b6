text = """It was the best of times, it was the worst of times,
it was the age of wisdom, it was the age of foolishness,
it was the epoch of belief, it was the epoch of incredulity."""
words = [w.strip('.,').lower() for w in text.split()]
freq = {}
for w in words: freq[w] = freq.get(w, 0) + 1
top = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
print(top)
print(len(words), len(freq), max(words, key=len))
def rle(s):
    out, i = [], 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i]: j += 1
        out.append(f'{j - i}{s[i]}'); i = j
    return ''.join(out)
def unrle(s):
    out, num = [], ''
    for ch in s:
        if ch.isdigit(): num += ch
        else: out.append(ch * int(num)); num = ''
    return ''.join(out)
enc = rle('aaabccddddde' + 'z' * 12)
print(enc, unrle(enc) == 'aaabccddddde' + 'z' * 12)
def is_pangram(s): return set('abcdefghijklmnopqrstuvwxyz') <= set(s.lower())
print(is_pangram('The quick brown fox jumps over the lazy dog'), is_pangram(text))
def wrap(s, width):
    lines, cur = [], ''
    for w in s.split():
        if len(cur) + len(w) + (1 if cur else 0) > width:
            lines.append(cur); cur = w
        else: cur = f'{cur} {w}' if cur else w
    return lines + [cur]
for l in wrap(text, 28): print(f'|{l:<28}|')
print(' '.join(w[::-1] for w in 'hello memory world'.split()), 'Title Case'.istitle())
vowels = sum(1 for c in text.lower() if c in 'aeiou'); print('vowels', vowels)
