#pragma once

// The process-wide heartbeat of a metrics library: while started, it counts
// one beat about every millisecond on a background thread.
void start_heartbeat();   // starting twice is harmless
void stop_heartbeat();    // returns once beating has stopped; start again later is fine
long heartbeats();        // beats so far
