bfs_diff -HL links
