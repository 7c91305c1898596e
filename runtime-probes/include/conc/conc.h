// conc/conc.h: every Go-style primitive of libconc (link conc::conc).
#pragma once

#include "conc/channel.h"
#include "conc/checked_mutex.h"
#include "conc/context.h"
#include "conc/deadlock_watchdog.h"
#include "conc/errgroup.h"
#include "conc/misuse.h"
#include "conc/rate_limiter.h"
#include "conc/select.h"
#include "conc/waitgroup.h"
