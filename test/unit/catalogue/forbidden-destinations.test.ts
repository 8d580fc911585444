import {
  forbiddenDestination,
  forbiddenUrl,
  inetAton,
  isAddressLiteral,
  rawUrlHost,
} from '../../../src/catalogue/forbidden-destinations.js';

describe('inetAton reads hosts as glibc does', () => {
  it.each([
    ['169.254.169.254', 0xa9fea9fe],
    ['2852039166', 0xa9fea9fe],
    ['0xa9fea9fe', 0xa9fea9fe],
    ['0XA9FEA9FE', 0xa9fea9fe],
    ['0xa9.0xfe.0xa9.0xfe', 0xa9fea9fe],
    ['0251.0376.0251.0376', 0xa9fea9fe],
    ['169.254.43518', 0xa9fea9fe],
    ['169.16689662', 0xa9fea9fe],
    ['169.254.169.254.', 0xa9fea9fe],
    ['0', 0],
  ])('%s is %d', (host, value) => {
    expect(inetAton(host)).toBe(value);
  });

  it.each([
    '0x',
    '1.0x',
    '0x.0x.0x.0x',
    'db',
    '256.1.1.1',
    '1.2.3.4.5',
    '08.1.1.1',
    '1.2.3.256',
    '4294967296',
    'a9fea9fe',
    '1..2',
  ])('%s is no address', (host) => {
    expect(inetAton(host)).toBeUndefined();
  });
});

describe('forbiddenDestination', () => {
  it.each([
    '169.254.169.254',
    '2852039166',
    '0xa9fea9fe',
    '0xa9.0xfe.0xa9.0xfe',
    '0251.0376.0251.0376',
    '169.254.43518',
    '::ffff:169.254.169.254',
    '::ffff:a9fe:a9fe',
    '[::ffff:a9fe:a9fe]',
    '::169.254.169.254',
    '64:ff9b::a9fe:a9fe',
    '0:0:0:0:0:FFFF:A9FE:A9FE',
    'fd00:ec2::254',
    'FD00:0EC2:0:0:0:0:0:254',
    'fd00:ec2::23',
    '100.100.100.200',
    '169.254.170.2',
    '169.254.1.1',
    '168.63.129.16',
    'metadata.google.internal',
    'METADATA.Google.Internal.',
    'metadata.google.internal..',
    'metadata',
    'metadata.goog',
    'instance-data',
    'Instance-Data.ec2.internal.',
  ])('refuses %s, naming why', (host) => {
    expect(forbiddenDestination(host)).toMatch(/(metadata|link-local|WireServer).*credentials.*refused/);
  });

  it('names the address behind a spelling', () => {
    expect(forbiddenDestination('0xa9fea9fe')).toBe(
      "'0xa9fea9fe' is 169.254.169.254, and 169.254.169.254 is a cloud metadata address (it hands out the machine's credentials): refused",
    );
  });

  it.each([
    '198.18.0.1',
    '127.0.0.1',
    '10.96.0.10',
    'db',
    'metadata-api',
    'metadata.example.com',
    '::1',
    'fd00::10',
    'fe80::1',
  ])('keeps %s', (host) => {
    expect(forbiddenDestination(host)).toBeUndefined();
  });
});

describe('forbiddenUrl reads the host as both the URL standard and curl would', () => {
  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://2852039166/',
    'http://0xa9fea9fe/',
    'http://0251.0376.0251.0376/',
    'http://169.254.43518/',
    'http://[::ffff:169.254.169.254]/',
    'http://[fd00:ec2::254]/',
    'http://user:pw@169.254.169.254:80/',
    'http://metadata.google.internal./computeMetadata/v1/',
    'http://%31%36%39.254.169.254/',
    'http://100.100.100.200/latest/meta-data/',
  ])('refuses %s', (url) => {
    expect(forbiddenUrl(url)).toMatch(/refused/);
  });

  it.each([
    'http://db:8080/health',
    'https://api.example.com/',
    'http://169.254.169.254.example.com/',
    'http://[fd00::1]/',
  ])('keeps %s', (url) => {
    expect(forbiddenUrl(url)).toBeUndefined();
  });
});

describe('what a resolver reads as an address without asking DNS', () => {
  it.each(['10.0.0.1', '167772161', '0xa000001', '[fd00::1]', '::ffff:10.0.0.1'])(
    '%s is an address',
    (host) => {
      expect(isAddressLiteral(host)).toBe(true);
    },
  );

  // Each of these is looked up as a name, so the worker resolves it where the tool runs and pins it.
  it.each(['10.0.0.1.', 'db', '0x', 'db.example.com.', '1.2.3.4.5'])('%s is a name', (host) => {
    expect(isAddressLiteral(host)).toBe(false);
  });

  it.each([
    ['http://user:pw@Db.Example:8080/x', 'Db.Example'],
    ['http://10.0.0.1./', '10.0.0.1.'],
    ['https://[fd00::1]:8443/', '[fd00::1]'],
    ['http://a@b@c/', 'c'],
  ])('the host of %s as written is %s', (url, host) => {
    expect(rawUrlHost(url)).toBe(host);
  });
});
