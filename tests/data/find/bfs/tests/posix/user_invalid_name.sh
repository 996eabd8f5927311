! invoke_bfs -user eW6f5RM9Qi
