// Today, as the cluster counts it: the date in Kyiv (domain/date.h
// KyivDateOf) of the system clock. The environment variable ZAPAS_TODAY
// (YYYY-MM-DD), when set, is taken as today instead — for rehearsals and
// tests; leave it unset in production. Thread-safe.
#pragma once

#include "domain/date.h"

namespace zapas {

Date Today();

}  // namespace zapas
