this_is_not_cpp x = ;
