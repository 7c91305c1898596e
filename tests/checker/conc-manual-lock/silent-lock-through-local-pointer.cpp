// RUN: %check_conc_tidy %s conc-manual-lock %t
// Found on rocksdb (env/mock_env.cc, MockFileSystem::LockFile): an acquire
// function locks an object it reaches through a local pointer and stores
// the pointer for the matching unlock. The pointer's scope ends, the lock
// does not: it outlives the function like a parameter's. Silent; the same
// in a function that is not an acquire function still leaks
// (lock-through-local-pointer.cpp).
class MemFile {
public:
  void Lock();
  void Unlock();
};

MemFile *lock_files[16];

void LockFile(int slot) {
  MemFile *file = new MemFile;
  file->Lock();
  lock_files[slot] = file;
}

void UnlockFile(int slot) { lock_files[slot]->Unlock(); }
