cd weirdnames
bfs_diff -regextype posix-minimal-basic -regex '\./\((\)'
