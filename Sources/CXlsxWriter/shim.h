#ifndef HNF_CXLSXWRITER_SHIM_H
#define HNF_CXLSXWRITER_SHIM_H

/* libxlsxwriter (Debian's libxlsxwriter-dev): writes Excel 2007+ workbooks with number
   formats and native charts. hnf wraps it in HighNeeds' Workbook type. */
#include <xlsxwriter.h>

#endif
