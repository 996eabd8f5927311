bfs_diff -LH links/deeply/nested/dir
