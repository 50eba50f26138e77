export { writeFileAtomic } from './atomic-write';
export {
  createCertificateAuthority,
  createCertificateRequest,
  issueServerCertificate,
  signClientCertificate,
  type IssuedCertificate,
  type KeyedCertificate,
} from './certificates';
export { certificateFingerprint, toPem } from './pem';
