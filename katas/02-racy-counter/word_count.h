#pragma once
#include <string>
#include <vector>

// Counts the lines that contain `word`, splitting the lines over `threads`
// worker threads. Must give exactly the sequential answer, every time.
long count_lines_containing(const std::vector<std::string>& lines, const std::string& word,
                            int threads);
