class Node:
    def __init__(self, parent):
        self.parent = parent
        self.depth = parent.depth + 1

root = Node(None)
