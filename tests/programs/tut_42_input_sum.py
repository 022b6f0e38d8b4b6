# Reading numbers with input() until a blank line, then summarising
numbers = []
while True:
    line = input('Enter a number (blank to stop): ')
    if not line.strip():
        break
    try:
        numbers.append(float(line))
    except ValueError:
        print(f'  {line!r} is not a number, skipped')
print()
print('count:', len(numbers))
print('total:', sum(numbers))
if numbers:
    print(f'mean: {sum(numbers) / len(numbers):.3f}')
    print('min/max:', min(numbers), max(numbers))
name = input('Your name? ')
print(f'Goodbye, {name.strip().title()}!')
