/** Fines are integer fen in the API; the desk reads yuan with two decimals. */
export const formatYuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;
