/** PLACEHOLDER: to be built. */
import { PageHeader } from '../components/PageHeader';

export const ProjectSettings = () => <PageHeader title="ProjectSettings" />;
