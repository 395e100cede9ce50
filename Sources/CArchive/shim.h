#ifndef CARCHIVE_SHIM_H
#define CARCHIVE_SHIM_H
// libarchive: the .imscc (zip) and .mbz (gzip'd tar, or zip) packages that learning management systems export.
#include <archive.h>
#include <archive_entry.h>
#endif
