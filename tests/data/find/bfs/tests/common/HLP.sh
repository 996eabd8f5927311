bfs_diff -HLP links/deeply/nested/dir
