// Takes far longer to compile than any --timeout a test uses: the constant
// evaluator counts to 10^12.
constexpr long long count() {
  long long Sum = 0;
  for (long long I = 0; I < 1000000000000LL; ++I)
    Sum += I;
  return Sum;
}
constexpr long long Total = count();
