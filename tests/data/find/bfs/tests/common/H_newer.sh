bfs_diff -H times -newer times/l
