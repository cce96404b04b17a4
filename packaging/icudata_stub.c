/* An empty ICU data package, built by packaging/shrink.py in place of the 31 MB libicudata.so.73
 * of PySide6's wheel: the same header as ICU's own "stubdata" library, with no entries.
 *
 * Qt links ICU, but the app uses none of what needs ICU's data (collation, ICU's codecs and
 * locale-specific case mapping); Qt falls back to its own code where ICU reports the missing
 * data (a QCollator, for one, compares by code point and warns "Could not create collator").
 * Build: cc -shared -fPIC -Wl,-soname,libicudata.so.73 -o libicudata.so.73 icudata_stub.c
 * (-DICU_DATA_ENTRY=icudt<version>_dat for another ICU version). */
#include <stdint.h>

#ifndef ICU_DATA_ENTRY
#define ICU_DATA_ENTRY icudt73_dat
#endif

typedef struct {
    uint16_t headerSize;
    uint8_t magic1, magic2;
    /* UDataInfo */
    uint16_t size, reservedWord;
    uint8_t isBigEndian, charsetFamily, sizeofUChar, reservedByte;
    uint8_t dataFormat[4], formatVersion[4], dataVersion[4];
    uint8_t padding[8];
    /* the table of contents: no entries */
    uint32_t count, reserved;
    struct { uint32_t nameOffset, dataOffset; } toc[1];
} IcuDataHeader;

__attribute__((visibility("default"))) const IcuDataHeader ICU_DATA_ENTRY = {
    .headerSize = 32, .magic1 = 0xda, .magic2 = 0x27,
    .size = 20, .isBigEndian = 0, .charsetFamily = 0, .sizeofUChar = 2,
    .dataFormat = {0x54, 0x6f, 0x43, 0x50}, /* "ToCP": a common data package */
    .formatVersion = {1, 0, 0, 0},
    .count = 0,
};
