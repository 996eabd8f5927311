! bfs_diff -L inaccessible -path '*/*' -prune -o -print
