! invoke_bfs -gid 1eW6f5RM9Qi
