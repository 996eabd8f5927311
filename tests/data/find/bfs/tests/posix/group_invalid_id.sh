! invoke_bfs -group 1eW6f5RM9Qi
