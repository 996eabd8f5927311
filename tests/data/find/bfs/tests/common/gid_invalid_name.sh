! invoke_bfs -gid eW6f5RM9Qi
