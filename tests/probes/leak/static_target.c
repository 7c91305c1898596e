/* A statically linked program: the probe cannot be preloaded into it. */
int main(void) { return 0; }
