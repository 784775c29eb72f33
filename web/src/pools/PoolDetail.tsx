/** PLACEHOLDER: to be built. */
import { PageHeader } from '../components/PageHeader';

export const PoolDetail = () => <PageHeader title="PoolDetail" />;
