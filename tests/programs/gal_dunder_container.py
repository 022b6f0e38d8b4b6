# A custom sequence: __len__, __getitem__ (ints and slices), __contains__, __iter__, __setitem__, __delitem__
class Playlist:
    def __init__(self, name, songs=()):
        self.name = name
        self._songs = list(songs)

    def __len__(self):
        return len(self._songs)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return Playlist(f'{self.name}[slice]', self._songs[index])
        return self._songs[index]

    def __setitem__(self, index, value):
        self._songs[index] = value

    def __delitem__(self, index):
        del self._songs[index]

    def __contains__(self, song):
        return song.lower() in (s.lower() for s in self._songs)

    def __iter__(self):
        return iter(self._songs)

    def __reversed__(self):
        return Playlist(self.name + ' (reversed)', self._songs[::-1])

    def __repr__(self):
        return f'Playlist({self.name!r}, {self._songs})'

p = Playlist('road trip', ['Hey Jude', 'Africa', 'Take On Me', 'Wonderwall', 'Roxanne'])
print(len(p), p[0], p[-1])
print(p[1:3])
print('africa' in p, 'Yesterday' in p)
for i, song in enumerate(p, 1):
    print(i, song)
p[2] = 'Hold the Line'
del p[0]
print(p, len(p))
print(reversed(p))
print(sorted(p), list(p) == p._songs, bool(Playlist('empty')))

class Squares:
    """Only __getitem__: iteration falls back to the old sequence protocol."""
    def __getitem__(self, i):
        if i >= 6:
            raise IndexError(i)
        return i * i

print(list(Squares()), 16 in Squares(), 7 in Squares())
try:
    p[10]
except IndexError as e:
    print('IndexError:', e)
