bfs_diff -H loops/deeply/nested/loop
