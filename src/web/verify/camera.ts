/** Why the camera cannot be used, each with its own advice in the catalogue (scan.errors.*). */
export type CameraProblem = 'denied' | 'no_camera' | 'busy' | 'insecure' | 'failed';

/** Maps a getUserMedia failure (a DOMException by name; older engines used other names) to advice. */
export function cameraProblemOf(error: unknown): CameraProblem {
  const name = error && typeof error === 'object' && 'name' in error ? String((error as { name: unknown }).name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'no_camera';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'busy';
    default:
      return 'failed';
  }
}

/** Whether this browser can open a camera at all here (getUserMedia exists only in secure contexts). */
export function cameraAvailability(): CameraProblem | null {
  if (typeof window !== 'undefined' && !window.isSecureContext) return 'insecure';
  if (typeof navigator === 'undefined' || !navigator.mediaDevices?.getUserMedia) return 'no_camera';
  return null;
}
