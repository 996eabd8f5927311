! invoke_bfs -user 1eW6f5RM9Qi
