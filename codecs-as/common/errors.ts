// Negative return codes shared by every codec (see codecs-as/README.md).
export const ERR_LENGTH: i32 = -1;
export const ERR_DATA: i32 = -2;
export const ERR_HANDLE: i32 = -3;
