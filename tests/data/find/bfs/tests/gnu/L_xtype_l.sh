bfs_diff -L links -xtype l
