bfs_diff -L links -printf '(%p) (%l) %y %Y\n'
