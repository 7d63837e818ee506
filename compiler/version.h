#ifndef BSC_VERSION_H
#define BSC_VERSION_H
#define BSCC_VERSION "0.1.0"
#endif
