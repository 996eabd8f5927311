bfs_diff basic -exec test {} = basic/c \; -o -print
