# Palindromes: cleaning text, recursive and two-pointer checks, longest palindromic substring
def clean(text):
    return ''.join(ch.lower() for ch in text if ch.isalnum())

def is_pal_slice(s):
    s = clean(s)
    return s == s[::-1]

def is_pal_rec(s):
    if len(s) < 2:
        return True
    if s[0] != s[-1]:
        return False
    return is_pal_rec(s[1:-1])

def is_pal_pointers(s):
    i, j = 0, len(s) - 1
    while i < j:
        if s[i] != s[j]:
            return False
        i += 1
        j -= 1
    return True

phrases = ['racecar', 'A man, a plan, a canal: Panama!', 'hello', 'Was it a car or a cat I saw?',
           'No lemon, no melon', '', 'ab']
for p in phrases:
    c = clean(p)
    print(f'{p!r:36} {is_pal_slice(p)!s:5} {is_pal_rec(c)!s:5} {is_pal_pointers(c)}')

def longest_palindrome(s):
    best = ''
    for center in range(len(s)):
        for lo, hi in ((center, center), (center, center + 1)):
            while lo >= 0 and hi < len(s) and s[lo] == s[hi]:
                lo -= 1
                hi += 1
            if hi - lo - 1 > len(best):
                best = s[lo + 1:hi]
    return best

for s in ['babad', 'cbbd', 'forgeeksskeegfor', 'abacdfgdcaba']:
    print(s, '->', longest_palindrome(s))
print([n for n in range(100, 200) if str(n) == str(n)[::-1]])
