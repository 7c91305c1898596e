// A cache refresh that reaches the registry lock three calls deep, each
// call in another file; the registry calls back into the cache.
#pragma once
void refresh_cache();
void load_entries();   // loader.cpp
void parse_entries();  // parser.cpp
void register_entry(); // registry.cpp: takes registry_mu
void evict_all();      // cache.cpp: takes cache_mu
void reload_registry();
