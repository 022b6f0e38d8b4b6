# Towers of Hanoi: recursive moves, with the pegs shown as lists
def hanoi(n, source, target, spare, pegs, moves):
    if n == 0:
        return
    hanoi(n - 1, source, spare, target, pegs, moves)
    disk = pegs[source].pop()
    pegs[target].append(disk)
    moves.append((disk, source, target))
    print(f'move disk {disk} from {source} to {target}:', pegs)
    hanoi(n - 1, spare, target, source, pegs, moves)

n = 3
pegs = {'A': list(range(n, 0, -1)), 'B': [], 'C': []}
moves = []
print('start:', pegs)
hanoi(n, 'A', 'C', 'B', pegs, moves)
print('total moves:', len(moves), '== 2**n - 1:', len(moves) == 2 ** n - 1)

def count_moves(n):
    return 0 if n == 0 else 2 * count_moves(n - 1) + 1

print([count_moves(k) for k in range(1, 11)])
