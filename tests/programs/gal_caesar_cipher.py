# Caesar and Vigenere ciphers with ord/chr arithmetic, plus brute-force cracking
def shift_char(ch, k):
    if ch.isupper():
        return chr((ord(ch) - ord('A') + k) % 26 + ord('A'))
    if ch.islower():
        return chr((ord(ch) - ord('a') + k) % 26 + ord('a'))
    return ch

def caesar(text, k):
    return ''.join(shift_char(ch, k) for ch in text)

msg = 'Meet me at the Old Bridge, 9pm!'
secret = caesar(msg, 3)
print(secret)
print(caesar(secret, -3))
print(caesar('xyz XYZ', 4), caesar('abc', 26) == 'abc', caesar('Hello', 13), caesar(caesar('Hello', 13), 13))

common = {'the', 'and', 'at', 'me', 'is'}
hidden = caesar('the cat is at the door and it is hungry', 11)
print('hidden:', hidden)
for k in range(26):
    guess = caesar(hidden, -k)
    score = sum(word in common for word in guess.split())
    if score >= 3:
        print(f'key {k}: {guess} (score {score})')

def vigenere(text, key, decrypt=False):
    out = []
    i = 0
    for ch in text:
        if ch.isalpha():
            k = ord(key[i % len(key)].lower()) - ord('a')
            out.append(shift_char(ch, -k if decrypt else k))
            i += 1
        else:
            out.append(ch)
    return ''.join(out)

v = vigenere('Attack at dawn', 'lemon')
print(v, '|', vigenere(v, 'lemon', decrypt=True))
table = str.maketrans('abcdefghijklmnopqrstuvwxyz', 'zyxwvutsrqponmlkjihgfedcba')
print('wizard'.translate(table), 'wizard'.translate(table).translate(table))
