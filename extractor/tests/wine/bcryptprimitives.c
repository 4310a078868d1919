/* A stand-in for Windows' bcryptprimitives.dll, for the Wine test prefix only
 * (extractor/tests/wine/mod.rs builds it with MinGW into the prefix's system32).
 *
 * Rust's standard library on Windows gets its random bytes from ProcessPrng in
 * bcryptprimitives.dll, which Windows has had since Windows 10 / Server 2016.
 * Debian's Wine 8 has no such DLL, so the .exe would not start (c0000135).
 * This one exports ProcessPrng and fills the buffer with RtlGenRandom
 * (advapi32's SystemFunction036), which Wine has. The shipped .exe is unchanged. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
