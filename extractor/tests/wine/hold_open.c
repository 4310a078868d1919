/* Holds a file open the way a spreadsheet does (others may read it, not
 * delete or rename it), for the Wine test of a refused replace
 * (extractor/tests/windows.rs). Prints "holding" once the file is open, then
 * waits until its standard input closes. */
#include <windows.h>
#include <stdio.h>

int wmain(int argc, wchar_t **argv) {
    if (argc != 2) return 2;
    HANDLE file = CreateFileW(argv[1], GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (file == INVALID_HANDLE_VALUE) return 1;
    printf("holding\n");
    fflush(stdout);
    char buffer[64];
    while (fread(buffer, 1, sizeof buffer, stdin) > 0) {}
    CloseHandle(file);
    return 0;
}
