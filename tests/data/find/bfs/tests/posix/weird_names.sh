cd weirdnames
bfs_diff '-' '(-' '!-' ',' ')' './(' './!' \( \! -print -o -print \)
