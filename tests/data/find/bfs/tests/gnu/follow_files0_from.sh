invoke_bfs links -print0 | bfs_diff -follow -files0-from -
