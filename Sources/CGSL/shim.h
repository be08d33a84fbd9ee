#ifndef HNF_CGSL_SHIM_H
#define HNF_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_qrng.h>

/* Swift 6 treats GSL's global type descriptors (gsl_rng_mt19937, gsl_root_fsolver_brent,
   ...) as shared mutable state and refuses to read them. They are constant after load,
   so these accessors hand them over as plain values. */

static inline const gsl_rng_type *hnf_gsl_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_root_fsolver_type *hnf_gsl_root_fsolver_brent(void) {
    return gsl_root_fsolver_brent;
}
static inline const gsl_multimin_fminimizer_type *hnf_gsl_multimin_nmsimplex2(void) {
    return gsl_multimin_fminimizer_nmsimplex2;
}

static inline const gsl_qrng_type *hnf_gsl_qrng_sobol(void) { return gsl_qrng_sobol; }

/* GSL's default error handler aborts the process. hnf reports errors itself, so the
   handler is switched off once, before any GSL call that can fail. */
static inline void hnf_gsl_disable_abort(void) { gsl_set_error_handler_off(); }

#endif
